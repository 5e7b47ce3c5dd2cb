#!/usr/bin/env bash
# Regenerates the committed test streams under test/fixtures/streams/.
# Needs ffmpeg (Debian: apt-get install -y ffmpeg) and the DejaVu fonts; tests never run this.
#
# One encode per rendition, then packaged twice with stream copy, so DASH and HLS carry
# identical media:
#   vod-dash/  DASH, static, fMP4 (CMAF-style), SegmentTemplate + SegmentTimeline
#   vod-hls/   HLS, VOD, MPEG-TS with muxed audio, master + one media playlist per variant
# The server's live stream loops the vod-dash segments (see server/live/).
#
# Durations are chosen so the loop is seamless: 20 s is 300 frames at 15 fps and exactly
# 625 AAC frames (of 1024 samples) at 32 kHz, so audio and video loops stay the same length
# forever. (At 48 kHz 20 s would be 937.5 AAC frames and audio would drift by 10 ms per loop.)
set -euo pipefail

source "$(dirname "$0")/streams-common.sh"
OUT="$ROOT/test/fixtures/streams"
AUDIO_RATE=32000
X264_COMMON=(-c:v libx264 -preset slow -tune zerolatency -bf 0 -g "$GOP" -keyint_min "$GOP" -sc_threshold 0
  -force_key_frames "expr:gte(t,n_forced*$SEGMENT_SECONDS)" -pix_fmt yuv420p -an)

# label: text drawn on the picture so a screenshot tells rendition and media time apart.
overlay() {
  local label="$1" size="$2"
  echo "drawtext=fontfile=$FONT:text='$label %{pts\\:hms}':x=4:y=4:fontsize=$size:fontcolor=white:box=1:boxcolor=black@0.6,drawtext=fontfile=$FONT:text='frame %{n}':x=4:y=h-th-4:fontsize=$size:fontcolor=yellow:box=1:boxcolor=black@0.6"
}

encode_video() { # name width height profile kbps fontsize
  local name="$1" w="$2" h="$3" profile="$4" kbps="$5" font="$6"
  "${FF[@]}" -f lavfi -i "testsrc2=size=${w}x${h}:rate=$FPS:duration=$DURATION" \
    -vf "$(overlay "${h}p" "$font")" "${X264_COMMON[@]}" -profile:v "$profile" \
    -b:v "${kbps}k" -maxrate "$((kbps * 5 / 4))k" -bufsize "$((kbps * 2))k" \
    "$WORK/$name.mp4"
}

echo "encoding renditions..."
encode_video v90 160 90 baseline 32 10
encode_video v180 320 180 main 96 16
# A 440 Hz tone with a beep every second (audible sync check), mono AAC-LC.
# The encoder adds one priming frame (hidden by an edit list), so without a cap the track
# would be 626 frames = 20.032 s of decode time; cap it at exactly the loop length.
"${FF[@]}" -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=$AUDIO_RATE:duration=$DURATION" \
  -c:a aac -b:a 32k -ac 1 -frames:a "$((DURATION * AUDIO_RATE / 1024))" "$WORK/audio.m4a"

rm -rf "$OUT/vod-dash" "$OUT/vod-hls"
mkdir -p "$OUT/vod-dash" "$OUT/vod-hls"

echo "packaging DASH..."
"${FF[@]}" -i "$WORK/v90.mp4" -i "$WORK/v180.mp4" -i "$WORK/audio.m4a" \
  -map 0:v -map 1:v -map 2:a -c copy \
  -f dash -seg_duration "$SEGMENT_SECONDS" -use_template 1 -use_timeline 1 \
  -adaptation_sets "id=0,streams=v id=1,streams=a" \
  -init_seg_name 'init-$RepresentationID$.mp4' -media_seg_name 'seg-$RepresentationID$-$Number$.m4s' \
  "$OUT/vod-dash/manifest.mpd"

echo "packaging HLS..."
(cd "$OUT/vod-hls" && "${FF[@]}" -i "$WORK/v90.mp4" -i "$WORK/v180.mp4" -i "$WORK/audio.m4a" \
  -map 0:v -map 2:a -map 1:v -map 2:a -c copy \
  -f hls -hls_time "$SEGMENT_SECONDS" -hls_playlist_type vod -hls_flags independent_segments \
  -hls_segment_type mpegts -hls_segment_filename '%v/seg-%03d.ts' \
  -master_pl_name master.m3u8 -var_stream_map "v:0,a:0,name:v90 v:1,a:1,name:v180" \
  '%v/index.m3u8')

# ffmpeg writes no CODECS when stream-copying; players then have to guess. Add them, taken
# from the DASH manifest of the same encode.
codecs_of() { # DASH representation id
  grep -o "<Representation id=\"$1\"[^>]*" "$OUT/vod-dash/manifest.mpd" | sed -E 's/.*codecs="([^"]+)".*/\1/'
}
AUDIO_CODECS="$(codecs_of 2)"
sed -i -E \
  -e "s/^(#EXT-X-STREAM-INF:.*RESOLUTION=160x90)$/\1,CODECS=\"$(codecs_of 0),$AUDIO_CODECS\"/" \
  -e "s/^(#EXT-X-STREAM-INF:.*RESOLUTION=320x180)$/\1,CODECS=\"$(codecs_of 1),$AUDIO_CODECS\"/" \
  "$OUT/vod-hls/master.m3u8"
grep -q CODECS "$OUT/vod-hls/master.m3u8" || { echo "could not add CODECS to master.m3u8" >&2; exit 1; }

echo "sizes:"
du -sh "$OUT/vod-dash" "$OUT/vod-hls" "$OUT"
