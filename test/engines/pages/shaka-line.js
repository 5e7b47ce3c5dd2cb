// Loads the Shaka line named by ?shaka=<line> (e.g. 4.16, 3.3) with a blocking <script>, as a
// TV app would. A regular expression, not URLSearchParams: the page stays plain ES5.
(function () {
  var match = /[?&]shaka=([0-9.]+)/.exec(location.search);
  var line = match ? match[1] : '4.16';
  document.write('<script src="/lib/shaka-' + line + '/shaka-player.compiled.js"><\/script>');
})();
