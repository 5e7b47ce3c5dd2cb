import { expect } from 'chai';
import { join } from 'node:path';
import { loadLiveSource } from '../../server/live/live-source';
import { createLiveStream, type LiveFile } from '../../server/live/live-stream';
import { readFragmentTiming, shiftSegmentTime, findBoxes } from '../../server/live/mp4-boxes';
import { readClusterTimecode } from '../../server/live/webm-clusters';
import { DEFAULT_STREAMS_DIR } from '../../server/start';

describe('live stream looped from the VOD DASH segments', () => {
  const source = loadLiveSource(join(DEFAULT_STREAMS_DIR, 'vod-dash', 'manifest.mpd'));
  const ast = Date.UTC(2026, 10, 21, 20, 0, 0);
  const live = createLiveStream({ source, availabilityStartTime: ast, timeShiftBufferDepthSeconds: 300 });
  const later = ast + 3600_000; // an hour in: 180 loops played
  const segmentOf = (file: LiveFile): Buffer => {
    if (file.kind !== 'segment') throw new Error(`expected a segment, got ${JSON.stringify(file)}`);
    return file.body;
  };

  it('reads a loop of ten 2 s segments whose audio and video last exactly 20 s', () => {
    expect(source.segmentCount).to.equal(10);
    expect(source.segmentSeconds).to.equal(2);
    for (const rep of source.representations) expect(rep.loopDuration / rep.timescale).to.equal(20);
  });

  it('keeps decode times continuous across segments and loop boundaries in every track', () => {
    for (const rep of source.representations) {
      let expectedStart: number | undefined;
      for (let n = 1795; n <= 1815; n++) {
        // crosses the boundaries after segments 1799 and 1809
        const timing = readFragmentTiming(segmentOf(live.get(`seg-${rep.id}-${n}.m4s`, later + 60_000)));
        if (expectedStart !== undefined) expect(timing.baseMediaDecodeTime, `rep ${rep.id} segment ${n}`).to.equal(expectedStart);
        expectedStart = timing.baseMediaDecodeTime + timing.duration;
      }
    }
  });

  it('puts video segment N at exactly N x 2 s of media time', () => {
    const video = source.representations.find((r) => r.contentType === 'video')!;
    const timing = readFragmentTiming(segmentOf(live.get(`seg-${video.id}-1234.m4s`, later)));
    expect(timing.baseMediaDecodeTime / video.timescale).to.equal(2468);
  });

  it('does not serve a segment before it has been completely produced', () => {
    const now = ast + 100_000; // segment 49 ends at 100 s
    expect(live.get('seg-0-49.m4s', now).kind).to.equal('segment');
    expect(live.get('seg-0-50.m4s', now).kind).to.equal('missing'); // ends at 102 s, more than 1 s ahead
    expect(live.get('seg-9-1.m4s', now).kind).to.equal('missing');
  });

  it('describes a dynamic MPD with a DVR window, a fixed start and a time source', () => {
    const mpd = live.dashManifest(later);
    expect(mpd).to.contain('type="dynamic"');
    expect(mpd).to.contain('availabilityStartTime="2026-11-21T20:00:00Z"');
    expect(mpd).to.contain('timeShiftBufferDepth="PT300S"');
    expect(mpd).to.contain('<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="time"/>');
    expect(mpd).to.match(/<Representation id="1"[^>]*bandwidth="\d+"[^>]*width="320"/);
    expect(live.get('time', later)).to.deep.include({ kind: 'other' });
  });

  it('lists a 300 s window in the HLS playlists, dated from the availability start', () => {
    const playlist = live.hlsMediaPlaylist('0', later)!;
    expect(playlist).to.contain('#EXT-X-MEDIA-SEQUENCE:1650');
    expect(playlist.match(/#EXTINF/g)).to.have.length(150);
    expect(playlist).to.contain(`#EXT-X-PROGRAM-DATE-TIME:${new Date(ast + 1650 * 2000).toISOString()}`);
    expect(playlist.trim().endsWith('seg-0-1799.m4s')).to.equal(true);
    expect(live.hlsMasterPlaylist()).to.contain('URI="playlist-2.m3u8"');
  });

  it('changes nothing but decode times and the sequence number when shifting a segment', () => {
    const original = source.representations[0].segments[3].data;
    const shifted = shiftSegmentTime(original, 15360 * 1000, 77);
    expect(shifted.length).to.equal(original.length);
    const [mdat] = findBoxes(original, 'mdat');
    expect(shifted.subarray(mdat.start).equals(original.subarray(mdat.start))).to.equal(true);
    expect(readFragmentTiming(shifted).baseMediaDecodeTime).to.equal(readFragmentTiming(original).baseMediaDecodeTime + 15360 * 1000);
    const [mfhd] = findBoxes(shifted, 'mfhd');
    expect(shifted.readUInt32BE(mfhd.contentStart + 4)).to.equal(77);
  });
});

describe('live stream looped from the VOD WebM (VP9/Opus) segments', () => {
  const source = loadLiveSource(join(DEFAULT_STREAMS_DIR, 'vod-webm', 'manifest.mpd'));
  const ast = Date.UTC(2026, 10, 21, 20, 0, 0);
  const live = createLiveStream({ source, availabilityStartTime: ast, timeShiftBufferDepthSeconds: 300 });
  const later = ast + 3600_000;
  const clusterOf = (file: LiveFile): Buffer => {
    if (file.kind !== 'segment') throw new Error(`expected a segment, got ${JSON.stringify(file)}`);
    return file.body;
  };

  it('reads a WebM loop of ten 2 s segments whose audio and video last exactly 20 s', () => {
    expect(source.container).to.equal('webm');
    expect(source.segmentCount).to.equal(10);
    for (const rep of source.representations) expect(rep.loopDuration / rep.timescale).to.equal(20);
  });

  it('moves each Cluster by whole loops: continuous across loop boundaries, the blocks untouched', () => {
    for (const rep of source.representations) {
      let previous: number | undefined;
      for (let n = 1795; n <= 1815; n++) {
        const cluster = clusterOf(live.get(`seg-${rep.id}-${n}.webm`, later + 60_000));
        const timecode = readClusterTimecode(cluster);
        if (previous !== undefined) expect(timecode - previous, `rep ${rep.id} segment ${n}`).to.equal(rep.segments[(n - 1) % 10].duration);
        previous = timecode;
        const original = rep.segments[n % 10].data;
        expect(cluster.subarray(cluster.length - 100).equals(original.subarray(original.length - 100))).to.equal(true);
      }
    }
    const video = source.representations.find((r) => r.contentType === 'video')!;
    expect(readClusterTimecode(clusterOf(live.get(`seg-${video.id}-1234.webm`, later))) / video.timescale).to.equal(2468);
  });

  it('names WebM files in its DASH manifest and offers no HLS', () => {
    expect(live.dashManifest(later)).to.contain('media="seg-$RepresentationID$-$Number$.webm"');
    expect(live.get('init-0.webm', later)).to.deep.include({ kind: 'segment', contentType: 'video/webm' });
    expect(live.get('master.m3u8', later).kind).to.equal('missing');
  });
});
