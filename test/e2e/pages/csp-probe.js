// Loaded on demand by the CSP test as a page script (code evaluated through DevTools is exempt from
// the policy): tries what a strict CSP forbids and records what happened in window.cspProbe.
(function () {
  var tries = [];
  try {
    (0, eval)('1 + 1');
    tries.push('eval ran');
  } catch (e) {
    tries.push('eval: ' + e.name);
  }
  try {
    new Function('return 1')();
    tries.push('Function ran');
  } catch (e) {
    tries.push('Function: ' + e.name);
  }
  window.stringTimerRan = false;
  setTimeout('window.stringTimerRan = true', 0);
  window.cspProbe = tries;
})();
