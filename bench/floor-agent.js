// The least any telemetry agent must do on the benchmark's page: the floor under the agent's figure.
// Each metrics interval it reads the player's counters and serialises one record; each flush
// interval it POSTs what it holds; it counts every response's bytes. No validation, no retry, no
// guard: only the work itself. bench/main-thread.ts serves it and times it like the agent.
window.floorAgent = function (player, endpoint, metricsMs, flushMs) {
  var bytes = 0;
  var sequence = 0;
  var queue = [];
  player.getNetworkingEngine().registerResponseFilter(function (type, response) {
    if (response.data) bytes += response.data.byteLength;
  });
  setInterval(function () {
    var video = player.getMediaElement();
    var ranges = video.buffered;
    var quality = video.getVideoPlaybackQuality();
    var date = player.getPlayheadTimeAsDate();
    queue.push(
      JSON.stringify({
        activityName: 'playback_metrics',
        timestamp: new Date().toISOString(),
        sequence: ++sequence,
        metadata: {
          position: video.currentTime,
          bufferedEnd: ranges.length ? ranges.end(ranges.length - 1) : 0,
          frames: quality.totalVideoFrames,
          dropped: quality.droppedVideoFrames,
          bytes: bytes,
          playhead: date && date.getTime(),
        },
      })
    );
  }, metricsMs);
  setInterval(function () {
    var xhr = new XMLHttpRequest();
    xhr.open('POST', endpoint);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.onreadystatechange = function () {};
    xhr.send('[' + queue.join(',') + ']');
    queue = [];
  }, flushMs);
};
