// The collector dashboard: live sessions and playbacks from /_dashboard/events (server-sent events;
// polling /_dashboard/summary once a second where they fail), charts of the selected playback drawn
// with uPlot, its records, and the records the contract rejected. Everything is written with
// textContent: record values never become HTML.
// For tests: window.dashboard exposes the uPlot instances (charts), the selected playback and
// the last summary.
(function () {
  'use strict';

  var POLL_MS = 1000;
  var MAX_TABLE_ROWS = 100;

  /** One uPlot chart per entry; values are scaled for reading (bit/s to Mbit/s). */
  var CHARTS = [
    {
      key: 'bitrate',
      title: 'Bitrate (Mbit/s)',
      series: [
        { field: 'selectedBitrate', label: 'selected', stroke: '#2f7de1', scale: 1e-6 },
        { field: 'streamBitrate', label: 'stream', stroke: '#e1842f', scale: 1e-6, dash: [6, 4] },
      ],
    },
    {
      key: 'throughput',
      title: 'Throughput (Mbit/s)',
      series: [
        { field: 'throughput', label: 'in the interval', stroke: '#2e9a5b', scale: 1e-6 },
        { field: 'throughputAverage', label: 'playback average', stroke: '#7a5bd6', scale: 1e-6, dash: [6, 4] },
      ],
    },
    {
      key: 'buffer',
      title: 'Buffered ahead (s)',
      series: [{ field: 'bufferedDuration', label: 'buffered', stroke: '#1f9bb4', fill: 'rgba(31,155,180,0.12)' }],
    },
    {
      key: 'frames',
      title: 'Dropped frames and errors',
      series: [
        { field: 'droppedFrames', label: 'dropped frames', stroke: '#d98a1c' },
        { field: 'errors', label: 'errors', stroke: '#d2383b', pointsOnly: true },
      ],
    },
  ];

  var state = {
    summary: null,
    selected: null,
    /** true once the user picked a playback: live updates no longer move the selection */
    pinned: false,
    detailVersion: -1,
    detail: null,
    mode: 'connecting',
  };
  var charts = {};
  window.dashboard = { state: state, charts: charts, chartSpecs: CHARTS };

  // --- small DOM helpers ----------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  function time(ms) {
    return new Date(ms).toISOString().slice(11, 19);
  }
  function short(id) {
    return id ? String(id).slice(-8) : '-';
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

  // --- sessions --------------------------------------------------------------------------------

  function describeContent(p) {
    var c = p.content || {};
    if (p.source === 'kava') return (c.entryId || 'entry ?') + (c.contentType ? ' · ' + c.contentType : '');
    return (c.contentType || '?') + ' · ' + (c.editorialId || '?') + (c.contentSource ? ' · ' + c.contentSource : '');
  }

  function renderSessions(s) {
    var nav = document.getElementById('sessions');
    clear(nav);
    nav.appendChild(el('h2', null, 'Sessions'));
    if (!s.apps.length) {
      nav.appendChild(el('p', 'empty', 'Nothing received yet. Play something in the demo app.'));
      return;
    }
    s.apps.forEach(function (app) {
      var box = el('div', 'app');
      var head = el('div', 'app-head');
      head.appendChild(document.createTextNode('app session '));
      head.appendChild(el('b', null, short(app.appSessionId)));
      var who = app.identity.deviceId ? ' · device ' + short(app.identity.deviceId) : '';
      head.appendChild(document.createTextNode(who + ' · ' + app.records + ' records' + (app.droppedRecords ? ' · ' + app.droppedRecords + ' dropped' : '')));
      box.appendChild(head);
      app.playbacks.forEach(function (p) {
        var item = el('button', 'playback-item' + (p.id === state.selected ? ' selected' : ''));
        item.type = 'button';
        item.setAttribute('data-playback', p.id);
        var what = el('div', 'what', describeContent(p));
        if (p.source === 'kava') what.appendChild(el('span', 'tag kava', 'Kava'));
        if (p.invalid) what.appendChild(el('span', 'tag bad', p.invalid + ' rejected'));
        item.appendChild(what);
        item.appendChild(el('div', 'counts', p.metrics + ' metrics · ' + p.errors + ' errors · last ' + time(p.lastReceivedAt)));
        item.addEventListener('click', function () {
          state.pinned = true;
          select(p.id);
        });
        box.appendChild(item);
      });
      nav.appendChild(box);
    });
  }

  /** How good a default a playback is: one with metrics, Vault's (the richest charts), the latest. */
  function rank(p) {
    return [p.metrics > 0 ? 1 : 0, p.source === 'vault' ? 1 : 0, p.lastReceivedAt];
  }
  function better(a, b) {
    var ra = rank(a);
    var rb = rank(b);
    for (var i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] > rb[i];
    return false;
  }

  function latestPlayback(s) {
    var best = null;
    s.apps.forEach(function (app) {
      app.playbacks.forEach(function (p) {
        if (!best || better(p, best)) best = p;
      });
    });
    return best;
  }

  function findPlayback(s, id) {
    for (var i = 0; i < s.apps.length; i++)
      for (var j = 0; j < s.apps[i].playbacks.length; j++) if (s.apps[i].playbacks[j].id === id) return s.apps[i].playbacks[j];
    return null;
  }

  // --- the selected playback -------------------------------------------------------------------

  function select(id) {
    state.selected = id;
    state.detailVersion = -1;
    if (state.summary) renderSessions(state.summary);
    loadDetail();
  }

  function loadDetail() {
    var id = state.selected;
    if (!id) return;
    fetch('/_dashboard/playback?id=' + encodeURIComponent(id))
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (detail) {
        if (!detail || detail.id !== state.selected) return;
        state.detail = detail;
        state.detailVersion = detail.version;
        renderPlayback(detail);
      })
      .catch(function () {});
  }

  function renderPlayback(d) {
    var c = d.content || {};
    document.getElementById('playback-title').textContent = (d.source === 'kava' ? 'Kava: ' : '') + describeContent(d);
    var ids = ['playback ' + d.id.replace(/^kava:/, ''), 'app ' + (d.appSessionId || '-')];
    if (c.technicalId) ids.push('technical ' + c.technicalId);
    if (c.programmeId) ids.push('programme ' + c.programmeId);
    if (c.uri) ids.push(c.uri);
    document.getElementById('playback-ids').textContent = ids.join('  ·  ');
    renderCharts(d.points);
    renderRecords(d.rows);
  }

  function chartData(spec, points) {
    var data = [points.map(function (p) { return p.t; })];
    spec.series.forEach(function (s) {
      data.push(points.map(function (p) {
        var v = p[s.field];
        return v === null || v === undefined ? null : s.scale ? v * s.scale : v;
      }));
    });
    return data;
  }

  function chartOptions(spec, width) {
    return {
      title: spec.title,
      width: width,
      height: 190,
      scales: { x: { time: true } },
      axes: [{}, { size: 50 }],
      series: [{}].concat(
        spec.series.map(function (s) {
          var series = { label: s.label, stroke: s.stroke, width: 2, spanGaps: true, dash: s.dash, fill: s.fill };
          if (s.pointsOnly) {
            series.paths = function () { return null; };
            series.points = { show: true, size: 9, fill: s.stroke };
          }
          return series;
        })
      ),
    };
  }

  function renderCharts(points) {
    var box = document.getElementById('charts');
    CHARTS.forEach(function (spec) {
      var data = chartData(spec, points);
      var chart = charts[spec.key];
      if (chart) return chart.setData(data);
      var holder = el('div', 'chart');
      holder.id = 'chart-' + spec.key;
      box.appendChild(holder);
      charts[spec.key] = new uPlot(chartOptions(spec, Math.max(280, holder.clientWidth - 8)), data, holder);
    });
  }

  function renderRecords(rows) {
    var body = document.querySelector('#records tbody');
    clear(body);
    rows.slice(0, MAX_TABLE_ROWS).forEach(function (r) {
      var tr = el('tr', r.valid ? (r.duplicate ? 'duplicate' : '') : 'invalid');
      tr.appendChild(el('td', 'mono', time(r.at)));
      tr.appendChild(el('td', null, r.name));
      tr.appendChild(el('td', 'mono', r.sequence === null ? '' : r.sequence));
      var verdict = !r.valid ? 'rejected: ' + r.problems.join('; ') : r.duplicate ? 'duplicate eventId' : 'valid';
      tr.appendChild(el('td', 'verdict ' + (!r.valid ? 'bad' : r.duplicate ? 'dup' : 'ok'), verdict));
      tr.appendChild(el('td', null, r.summary));
      body.appendChild(tr);
    });
  }

  function renderRejected(s) {
    var body = document.querySelector('#rejected tbody');
    clear(body);
    if (!s.rejected.length) {
      var tr = el('tr');
      var td = el('td', 'empty', 'None: every record met the contract.');
      td.colSpan = 5;
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    s.rejected.slice(0, MAX_TABLE_ROWS).forEach(function (r) {
      var tr = el('tr', 'invalid');
      tr.setAttribute('data-event-id', r.eventId || '');
      tr.appendChild(el('td', 'mono', time(r.receivedAt)));
      tr.appendChild(el('td', null, r.source));
      tr.appendChild(el('td', null, r.name + (r.sequence === null ? '' : ' #' + r.sequence)));
      tr.appendChild(el('td', 'mono', r.eventId || '-'));
      tr.appendChild(el('td', 'why', r.problems.join('; ')));
      body.appendChild(tr);
    });
  }

  // --- updates ---------------------------------------------------------------------------------

  function onSummary(s) {
    state.summary = s;
    renderTotals(s);
    if (!state.pinned || !findPlayback(s, state.selected)) {
      var latest = latestPlayback(s);
      if (latest && latest.id !== state.selected) {
        state.selected = latest.id;
        state.detailVersion = -1;
      }
    }
    renderSessions(s);
    renderRejected(s);
    var current = state.selected && findPlayback(s, state.selected);
    if (current && current.version !== state.detailVersion) loadDetail();
  }

  function setMode(mode) {
    state.mode = mode;
    var badge = document.getElementById('connection');
    badge.className = 'badge ' + (mode === 'live' ? 'live' : mode === 'polling' ? 'polling' : '');
    badge.textContent = mode === 'live' ? 'live' : mode === 'polling' ? 'polling every second' : mode;
  }

  function poll() {
    fetch('/_dashboard/summary')
      .then(function (r) { return r.json(); })
      .then(onSummary)
      .catch(function () {})
      .then(function () { setTimeout(poll, POLL_MS); });
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

  connect();
})();
