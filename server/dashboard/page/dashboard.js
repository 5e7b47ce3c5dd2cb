// The collector dashboard, three views behind the address's hash:
//   #/                    the lab view: every device (state, current playback, errors by code in the
//                         last hour, drops) and every channel or content (playbacks, errors, median
//                         throughput)
//   #/device/<key>        one device: its app sessions and their playbacks, told apart by start and
//                         duration
//   #/playback/<id>       one playback: bitrate, throughput, buffer and dropped-frame charts (uPlot)
//                         with its errors marked on the same timeline, and its records
// Live from /_dashboard/events (server-sent events; polling /_dashboard/summary once a second where
// they fail). Every time is local, 24 h (HH:MM:SS). Everything is written with textContent: record
// values never become HTML.
// For tests: window.dashboard exposes the uPlot instances (charts), the view and the last summary.
(function () {
  'use strict';

  var POLL_MS = 1000;
  var MAX_TABLE_ROWS = 100;

  /**
   * One uPlot chart per entry; values are scaled for reading (bit/s to Mbit/s). The y axis starts
   * at 0 and spans at least `minSpan`, so a flat line never gets a hair-thin range of repeated labels.
   */
  var CHARTS = [
    {
      key: 'bitrate',
      title: 'Bitrate (Mbit/s)',
      minSpan: 0.5,
      series: [
        { field: 'selectedBitrate', label: 'selected', stroke: '#2f7de1', scale: 1e-6 },
        { field: 'streamBitrate', label: 'stream', stroke: '#e1842f', scale: 1e-6, dash: [6, 4] },
      ],
    },
    {
      key: 'throughput',
      title: 'Throughput (Mbit/s)',
      minSpan: 0.5,
      series: [
        { field: 'throughput', label: 'in the interval', stroke: '#2e9a5b', scale: 1e-6 },
        { field: 'throughputAverage', label: 'playback average', stroke: '#7a5bd6', scale: 1e-6, dash: [6, 4] },
      ],
    },
    {
      key: 'buffer',
      title: 'Buffered ahead (s)',
      minSpan: 5,
      series: [{ field: 'bufferedDuration', label: 'buffered', stroke: '#1f9bb4', fill: 'rgba(31,155,180,0.12)' }],
    },
    {
      key: 'frames',
      title: 'Dropped frames and errors',
      minSpan: 2,
      integers: true,
      series: [
        { field: 'droppedFrames', label: 'dropped frames', stroke: '#d98a1c' },
        { field: 'errors', label: 'errors', stroke: '#d2383b', pointsOnly: true },
      ],
    },
  ];
  var ERROR_COLOUR = '#d2383b';
  var STATE_LABELS = { playing: 'playing', erroring: 'erroring', silent: 'silent', idle: 'idle' };

  var state = {
    summary: null,
    /** { name: 'lab' } | { name: 'device', key } | { name: 'playback', id } */
    view: { name: 'lab' },
    detailVersion: -1,
    detail: null,
    mode: 'connecting',
  };
  var charts = {};
  window.dashboard = { state: state, charts: charts, chartSpecs: CHARTS };

  // --- small helpers ---------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }
  /** The one time format: local time, 24 h, HH:MM:SS. */
  function clock(ms) {
    if (ms === null || ms === undefined || !isFinite(ms)) return '-';
    var d = new Date(ms);
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }
  /** "3 s", "4 min 10 s", "2 h 05 min". */
  function duration(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + pad(s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + pad(Math.floor((s % 3600) / 60)) + ' min';
  }
  function mbps(bps) {
    return bps === null || bps === undefined ? '-' : (bps / 1e6).toFixed(2) + ' Mbit/s';
  }
  function short(id) {
    return id ? String(id).slice(-8) : '-';
  }
  function cell(tr, text, className) {
    var td = el('td', className || null, text);
    tr.appendChild(td);
    return td;
  }
  function link(href, text, className) {
    var a = el('a', className || null, text);
    a.href = href;
    return a;
  }
  function deviceHref(key) {
    return '#/device/' + encodeURIComponent(key);
  }
  function playbackHref(id) {
    return '#/playback/' + encodeURIComponent(id);
  }
  function deviceName(d) {
    return d.deviceId ? d.deviceId : (d.address || '?') + ' (no device ID)';
  }
  function deviceKind(d) {
    return [d.platform, d.model || '?', d.engine || '?'].join(' · ');
  }
  function describeContent(p) {
    var c = p.content || {};
    if (p.source === 'kava') return (c.entryId || 'entry ?') + (c.contentType ? ' · ' + c.contentType : '');
    return (c.contentType || '?') + ' · ' + (c.editorialId || '?') + (c.contentSource ? ' · ' + c.contentSource : '');
  }
  /** A playback told apart from its siblings: when it started, how long it ran. */
  function describeSpan(p) {
    return 'started ' + clock(p.firstAt) + ' · ' + duration(p.durationMs);
  }
  function errorCounts(counts) {
    var codes = Object.keys(counts || {}).sort(function (a, b) {
      return counts[b] - counts[a];
    });
    return codes.length
      ? codes
          .map(function (code) {
            return code + ' ×' + counts[code];
          })
          .join(', ')
      : '';
  }
  function findPlayback(s, id) {
    for (var i = 0; i < s.apps.length; i++)
      for (var j = 0; j < s.apps[i].playbacks.length; j++) if (s.apps[i].playbacks[j].id === id) return s.apps[i].playbacks[j];
    return null;
  }
  function findDevice(s, key) {
    for (var i = 0; i < s.devices.length; i++) if (s.devices[i].key === key) return s.devices[i];
    return null;
  }

  // --- totals ----------------------------------------------------------------------------------

  function tile(parent, value, label, tone) {
    var t = el('div', 'tile' + (tone ? ' ' + tone : ''));
    t.appendChild(el('div', 'value', value));
    t.appendChild(el('div', 'label', label));
    t.setAttribute('data-figure', label);
    parent.appendChild(t);
  }

  function renderTotals(s) {
    var box = document.getElementById('totals');
    clear(box);
    var v = s.totals.vault;
    var c = s.collector;
    box.appendChild(el('div', 'tile group', 'Vault'));
    tile(box, s.devices.length, 'devices');
    tile(box, v.received, 'received');
    tile(box, v.valid, 'valid');
    tile(box, v.invalid, 'rejected', v.invalid ? 'bad' : '');
    tile(box, v.duplicates, 'duplicates (eventId)', v.duplicates ? 'warn' : '');
    tile(box, v.droppedRecords, 'dropped by agents', v.droppedRecords ? 'bad' : '');
    tile(box, c.requests, 'requests');
    tile(box, c.rejectedRequests, 'requests refused', c.rejectedRequests ? 'bad' : '');
    tile(box, c.faultedRequests + c.malformedRequests, 'faulted / malformed', c.faultedRequests + c.malformedRequests ? 'warn' : '');
    if (c.evicted) tile(box, c.evicted, 'evicted (memory cap)', 'warn');
    var k = s.totals.kava;
    if (k.received) {
      box.appendChild(el('div', 'tile group', 'Kava'));
      tile(box, k.received, 'events');
      tile(box, k.invalid, 'invalid', k.invalid ? 'bad' : '');
      tile(box, k.duplicates, 'duplicates', k.duplicates ? 'warn' : '');
    }
  }

  // --- the lab view ----------------------------------------------------------------------------

  function emptyRow(body, columns, text) {
    var tr = el('tr');
    var td = cell(tr, text, 'empty');
    td.colSpan = columns;
    body.appendChild(tr);
  }

  function renderLab(s) {
    var body = document.querySelector('#devices tbody');
    clear(body);
    if (!s.devices.length) {
      emptyRow(body, 8, 'Waiting for the first records. An agent sends them every flush interval: the demo every 5 s, the default profile every 5 minutes.');
    }
    s.devices.forEach(function (d) {
      var tr = el('tr', 'device state-' + d.state);
      tr.setAttribute('data-device', d.key);
      var name = cell(tr, null, 'device-name');
      name.appendChild(link(deviceHref(d.key), deviceName(d)));
      cell(tr, deviceKind(d));
      cell(tr, null).appendChild(el('span', 'state ' + d.state, STATE_LABELS[d.state] || d.state));
      var current = d.currentPlaybackId && findPlayback(s, d.currentPlaybackId);
      var playing = cell(tr, null, 'current');
      if (current) playing.appendChild(link(playbackHref(current.id), describeContent(current) + ' · ' + describeSpan(current)));
      else playing.textContent = '-';
      var last = d.lastRecord;
      cell(tr, last ? clock(last.receivedAt) + ' ' + last.name + (last.error ? ': ' + last.error : '') : '-', 'last');
      cell(tr, errorCounts(d.errorsLastHour) || '-', 'errors' + (errorCounts(d.errorsLastHour) ? ' bad' : ''));
      cell(tr, d.droppedRecords, 'drops' + (d.droppedRecords ? ' bad' : ''));
      cell(tr, d.records, 'mono');
      tr.addEventListener('click', function (event) {
        if (event.target.tagName !== 'A') location.hash = deviceHref(d.key);
      });
      body.appendChild(tr);
    });
    var orphans = s.apps.filter(function (a) {
      return !a.deviceKey;
    });
    if (orphans.length) {
      var tr = el('tr', 'device');
      tr.setAttribute('data-device', '');
      cell(tr, null).appendChild(link(deviceHref(''), 'app sessions naming no device'));
      var rest = cell(tr, orphans.length + ' app sessions (Kava events only, or records with no app session)');
      rest.colSpan = 7;
      body.appendChild(tr);
    }

    var contents = document.querySelector('#contents tbody');
    clear(contents);
    if (!s.contents.length) emptyRow(contents, 5, 'No playback yet.');
    s.contents.forEach(function (c) {
      var tr = el('tr');
      tr.setAttribute('data-content', c.key);
      cell(tr, c.key, 'what');
      cell(tr, c.playbacks, 'mono');
      cell(tr, c.errors, 'mono' + (c.errors ? ' bad' : ''));
      cell(tr, mbps(c.medianThroughput), 'mono');
      cell(tr, clock(c.lastReceivedAt), 'mono');
      contents.appendChild(tr);
    });
  }

  // --- one device --------------------------------------------------------------------------------

  function renderDevice(s, key) {
    var d = findDevice(s, key);
    var apps = s.apps.filter(function (a) {
      return (a.deviceKey || '') === key;
    });
    document.getElementById('device-title').textContent = d ? deviceName(d) : key ? 'Device no longer listed' : 'App sessions naming no device';
    document.getElementById('device-facts').textContent = d
      ? [
          deviceKind(d),
          'state ' + d.state,
          d.records + ' records',
          d.errors + ' errors',
          d.droppedRecords + ' dropped',
          'first ' + clock(d.firstReceivedAt),
          'last ' + clock(d.lastReceivedAt),
          d.userAgent || '',
        ].join('  ·  ')
      : '';
    var box = document.getElementById('device-apps');
    clear(box);
    if (!apps.length) box.appendChild(el('p', 'empty', 'No app session of this device is kept (the dashboard keeps the latest 50).'));
    apps.forEach(function (app) {
      var group = el('div', 'app');
      group.setAttribute('data-app', app.appSessionId);
      group.appendChild(
        el(
          'h3',
          null,
          'app session ' + short(app.appSessionId) + ' · ' + app.records + ' records' + (app.droppedRecords ? ' · ' + app.droppedRecords + ' dropped' : '')
        )
      );
      app.playbacks
        .slice()
        .sort(function (a, b) {
          return b.firstAt - a.firstAt;
        })
        .forEach(function (p) {
          var item = link(playbackHref(p.id), null, 'playback-item');
          item.setAttribute('data-playback', p.id);
          var what = el('div', 'what', describeContent(p));
          if (p.source === 'kava') what.appendChild(el('span', 'tag kava', 'Kava'));
          if (p.errors) what.appendChild(el('span', 'tag bad', p.errors + (p.errors === 1 ? ' error' : ' errors')));
          if (p.invalid) what.appendChild(el('span', 'tag bad', p.invalid + ' rejected'));
          item.appendChild(what);
          item.appendChild(el('div', 'counts', describeSpan(p) + ' · ' + p.metrics + ' metrics · playback ' + short(p.id)));
          group.appendChild(item);
        });
      box.appendChild(group);
    });
  }

  // --- one playback ----------------------------------------------------------------------------

  function loadDetail(id) {
    fetch('/_dashboard/playback?id=' + encodeURIComponent(id))
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (detail) {
        if (state.view.name !== 'playback' || state.view.id !== id) return;
        if (!detail) {
          document.getElementById('playback-title').textContent = 'Playback no longer kept (the dashboard keeps the latest 200)';
          return;
        }
        state.detail = detail;
        state.detailVersion = detail.version;
        renderPlayback(detail);
      })
      .catch(function () {});
  }

  function renderPlayback(d) {
    var c = d.content || {};
    document.getElementById('playback-title').textContent = (d.source === 'kava' ? 'Kava: ' : '') + describeContent(d) + ' · ' + describeSpan(d);
    var ids = ['playback ' + d.id.replace(/^kava:/, ''), 'app ' + (d.appSessionId || '-')];
    if (c.technicalId) ids.push('technical ' + c.technicalId);
    if (c.programmeId) ids.push('programme ' + c.programmeId);
    if (c.uri) ids.push(c.uri);
    document.getElementById('playback-ids').textContent = ids.join('  ·  ');
    renderCharts(d.points, d.errorMarks);
    renderTimelineErrors(d.errorMarks);
    renderRecords(d.rows);
  }

  function chartData(spec, points) {
    var data = [
      points.map(function (p) {
        return p.t;
      }),
    ];
    spec.series.forEach(function (s) {
      data.push(
        points.map(function (p) {
          var v = p[s.field];
          return v === null || v === undefined ? null : s.scale ? v * s.scale : v;
        })
      );
    });
    return data;
  }

  /** Draws the playback's errors as red vertical lines across the chart, on the same time axis. */
  function errorMarksPlugin() {
    return {
      hooks: {
        draw: function (u) {
          var marks = u.errorMarks || [];
          if (!marks.length) return;
          var ctx = u.ctx;
          var top = u.bbox.top;
          var bottom = u.bbox.top + u.bbox.height;
          ctx.save();
          ctx.strokeStyle = ERROR_COLOUR;
          ctx.lineWidth = 2 * devicePixelRatio;
          ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
          marks.forEach(function (m) {
            var x = Math.round(u.valToPos(m.t, 'x', true));
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, bottom);
            ctx.stroke();
          });
          ctx.restore();
        },
      },
    };
  }

  function chartOptions(spec, width) {
    var yAxis = { size: 50 };
    if (spec.integers) yAxis.incrs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
    return {
      title: spec.title,
      width: width,
      height: 190,
      plugins: [errorMarksPlugin()],
      scales: {
        x: { time: true },
        y: {
          range: function (u, min, max) {
            var top = max === null || !isFinite(max) ? spec.minSpan : Math.max(spec.minSpan, max * 1.1);
            return [0, top];
          },
        },
      },
      axes: [
        {
          values: function (u, splits) {
            return splits.map(function (t) {
              return clock(t * 1000);
            });
          },
        },
        yAxis,
      ],
      series: [
        {
          label: 'time',
          value: function (u, t) {
            return t === null ? '-' : clock(t * 1000);
          },
        },
      ].concat(
        spec.series.map(function (s) {
          var series = { label: s.label, stroke: s.stroke, width: 2, spanGaps: true, dash: s.dash, fill: s.fill };
          if (s.pointsOnly) {
            series.paths = function () {
              return null;
            };
            series.points = { show: true, size: 9, fill: s.stroke };
          }
          return series;
        })
      ),
    };
  }

  function renderCharts(points, marks) {
    var box = document.getElementById('charts');
    CHARTS.forEach(function (spec) {
      var data = chartData(spec, points);
      var chart = charts[spec.key];
      if (!chart) {
        var holder = el('div', 'chart');
        holder.id = 'chart-' + spec.key;
        box.appendChild(holder);
        chart = charts[spec.key] = new uPlot(chartOptions(spec, Math.max(280, holder.clientWidth - 8)), data, holder);
        // Read by the draw hook, which first runs after this (uPlot draws on its next commit; a
        // redraw() before then leaves the scales unset).
        chart.errorMarks = marks;
        return;
      }
      chart.errorMarks = marks;
      chart.setData(data);
    });
  }

  function renderTimelineErrors(marks) {
    var list = document.getElementById('timeline-errors');
    clear(list);
    if (!marks.length) list.appendChild(el('li', 'empty', 'None.'));
    marks.forEach(function (m) {
      var item = el('li', 'timeline-error');
      item.setAttribute('data-code', m.code);
      item.appendChild(el('span', 'mono', clock(m.t * 1000) + ' '));
      item.appendChild(el('b', null, m.code));
      item.appendChild(document.createTextNode(' ' + m.message.replace(m.code, '').trim()));
      list.appendChild(item);
    });
  }

  function renderRecords(rows) {
    var body = document.querySelector('#records tbody');
    clear(body);
    rows.slice(0, MAX_TABLE_ROWS).forEach(function (r) {
      var tr = el('tr', r.valid ? (r.duplicate ? 'duplicate' : '') : 'invalid');
      cell(tr, clock(r.at), 'mono');
      cell(tr, r.name);
      cell(tr, r.sequence === null ? '' : r.sequence, 'mono');
      var verdict = !r.valid ? 'rejected: ' + r.problems.join('; ') : r.duplicate ? 'duplicate eventId' : 'valid';
      cell(tr, verdict, 'verdict ' + (!r.valid ? 'bad' : r.duplicate ? 'dup' : 'ok'));
      cell(tr, r.summary);
      body.appendChild(tr);
    });
  }

  function renderRejected(s) {
    var body = document.querySelector('#rejected tbody');
    clear(body);
    if (!s.rejected.length) return emptyRow(body, 5, 'None: every record met the contract.');
    s.rejected.slice(0, MAX_TABLE_ROWS).forEach(function (r) {
      var tr = el('tr', 'invalid');
      tr.setAttribute('data-event-id', r.eventId || '');
      cell(tr, clock(r.receivedAt), 'mono');
      cell(tr, r.source);
      cell(tr, r.name + (r.sequence === null ? '' : ' #' + r.sequence));
      cell(tr, r.eventId || '-', 'mono');
      cell(tr, r.problems.join('; '), 'why');
      body.appendChild(tr);
    });
  }

  // --- views and updates -------------------------------------------------------------------------

  function parseHash() {
    var m = /^#\/(device|playback)\/(.*)$/.exec(location.hash);
    if (!m) return { name: 'lab' };
    var value = decodeURIComponent(m[2]);
    return m[1] === 'device' ? { name: 'device', key: value } : { name: 'playback', id: value };
  }

  function renderCrumbs(s) {
    var nav = document.getElementById('crumbs');
    clear(nav);
    var view = state.view;
    if (view.name === 'lab') return;
    nav.appendChild(link('#/', 'lab'));
    var deviceKey = view.name === 'device' ? view.key : null;
    if (view.name === 'playback' && s) {
      var p = findPlayback(s, view.id);
      deviceKey = p ? p.deviceKey || '' : null;
    }
    if (deviceKey !== null) {
      var d = s && findDevice(s, deviceKey);
      nav.appendChild(document.createTextNode(' › '));
      nav.appendChild(link(deviceHref(deviceKey), d ? deviceName(d) : deviceKey ? 'device' : 'no device'));
    }
    if (view.name === 'playback') nav.appendChild(document.createTextNode(' › playback ' + short(view.id)));
  }

  function render() {
    var s = state.summary;
    var view = state.view;
    ['lab', 'device', 'playback'].forEach(function (name) {
      document.getElementById(name + '-view').hidden = view.name !== name;
    });
    document.getElementById('rejected-section').hidden = view.name === 'device';
    renderCrumbs(s);
    if (!s) return;
    renderTotals(s);
    if (view.name === 'lab') renderLab(s);
    else if (view.name === 'device') renderDevice(s, view.key);
    else {
      var current = findPlayback(s, view.id);
      if (state.detailVersion === -1 || (current && current.version !== state.detailVersion)) loadDetail(view.id);
    }
    renderRejected(s);
  }

  function onSummary(s) {
    state.summary = s;
    render();
  }

  function onHash() {
    var next = parseHash();
    if (next.name !== 'playback' || state.view.name !== 'playback' || next.id !== state.view.id) {
      state.detail = null;
      state.detailVersion = -1;
    }
    state.view = next;
    window.scrollTo(0, 0);
    render();
  }

  function setMode(mode) {
    state.mode = mode;
    var badge = document.getElementById('connection');
    badge.className = 'badge ' + (mode === 'live' ? 'live' : mode === 'polling' ? 'polling' : '');
    badge.textContent = mode === 'live' ? 'live' : mode === 'polling' ? 'polling every second' : mode;
  }

  function poll() {
    fetch('/_dashboard/summary')
      .then(function (r) {
        return r.json();
      })
      .then(onSummary)
      .catch(function () {})
      .then(function () {
        setTimeout(poll, POLL_MS);
      });
  }

  function connect() {
    if (!window.EventSource) {
      setMode('polling');
      return poll();
    }
    var source = new EventSource('/_dashboard/events');
    source.addEventListener('summary', function (event) {
      setMode('live');
      onSummary(JSON.parse(event.data));
    });
    source.onerror = function () {
      // The browser retries a dropped stream by itself; a refused one (503: too many listeners) it does not.
      if (source.readyState === EventSource.CLOSED) {
        setMode('polling');
        poll();
      } else setMode('reconnecting…');
    };
  }

  window.addEventListener('resize', function () {
    CHARTS.forEach(function (spec) {
      var chart = charts[spec.key];
      if (chart) chart.setSize({ width: Math.max(280, chart.root.parentNode.clientWidth - 8), height: 190 });
    });
  });
  window.addEventListener('hashchange', onHash);
  function tick() {
    document.getElementById('clock').textContent = clock(Date.now());
  }
  setInterval(tick, 1000);
  tick();

  state.view = parseHash();
  render();
  connect();
})();
