// First script of csp-agent.html: records every Content-Security-Policy violation the page reports
// (eval, new Function, string timers, inline code, a blocked connection or media URL).
(function () {
  var seen = (window.cspViolations = []);
  document.addEventListener('securitypolicyviolation', function (e) {
    seen.push({
      directive: e.effectiveDirective || e.violatedDirective,
      blockedURI: e.blockedURI,
      sourceFile: e.sourceFile,
      line: e.lineNumber,
      sample: e.sample,
    });
  });
})();
