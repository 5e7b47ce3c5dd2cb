// In the page of bench/xhr-send.ts: POSTs bodies of the given sizes to the sink, interleaved, and
// times each XMLHttpRequest.send() call (the browser's own work for a POST on the main thread).
window.timeSends = function (url, sizes, repeats, gapMs, done) {
  var times = {};
  var queue = [];
  // One request first: it pays the preflight, which Access-Control-Max-Age then keeps cached.
  queue.push({ size: sizes[0], timed: false });
  for (var r = 0; r < repeats; r++) for (var s = 0; s < sizes.length; s++) queue.push({ size: sizes[s], timed: true });

  function next() {
    var item = queue.shift();
    if (!item) return done(times);
    var body = '[' + new Array(item.size - 1).join('x') + ']';
    var xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/json');
    var ms = 0;
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      if (item.timed) (times[item.size] = times[item.size] || []).push(ms);
      setTimeout(next, gapMs);
    };
    var start = performance.now();
    xhr.send(body);
    ms = performance.now() - start;
  }
  next();
};
