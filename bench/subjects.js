// What the benchmark page runs besides the agent: the floor and the peer SDKs, each started on the
// page's Shaka player before load() and pointed at the benchmark's sink. bench/browser-page.ts
// serves this file and each SDK's own script (from node_modules; Youbora built from its npm
// sources), then calls app.startBenchSubject(name, sinkUrl).
window.benchSubjects = {
  floor: function (player, sink) {
    window.floorAgent(player, sink + '/floor/playback_metrics', 60000, 300000);
  },
  mux: function (player, sink) {
    window.initShakaPlayerMux(
      player,
      {
        debug: false,
        beaconCollectionDomain: sink.replace(/^https:\/\//, ''),
        data: { env_key: 'benchenv', player_name: 'bench', player_init_time: Date.now(), video_title: 'bench live', video_id: 'bbc-one' },
      },
      window.shaka
    );
  },
  bitmovin: function (player, sink) {
    window.benchBitmovin = new window.bitmovin.analytics.adapters.ShakaAdapter(
      { key: '00000000-0000-4000-8000-000000000000', title: 'bench live', videoId: 'bbc-one', config: { backendUrl: sink } },
      player
    );
  },
  youbora: function (player, sink) {
    var youbora = window.youbora;
    var plugin = new youbora.Plugin({ accountCode: 'bench', host: sink.replace(/^https:\/\//, ''), 'app.https': true, 'content.title': 'bench live' });
    plugin.setAdapter(new youbora.adapters.Shaka(player));
    window.benchYoubora = plugin;
  },
};
