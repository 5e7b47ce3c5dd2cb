// Loads the Shaka build chosen by the query string with a plain, blocking <script>, as a TV
// app would: /lib/shaka4/ is Shaka 4.16, /lib/shaka5/ is Shaka 5.2.
(function () {
  var query = new URLSearchParams(location.search);
  var major = query.get('shaka') === '5' ? '5' : '4';
  var build = query.get('build') === 'debug' ? 'compiled.debug' : 'compiled';
  document.write('<script src="/lib/shaka' + major + '/shaka-player.' + build + '.js"><\/script>');
})();
