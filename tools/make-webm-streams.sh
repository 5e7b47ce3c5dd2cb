#!/usr/bin/env bash
# Regenerates the VP9/Opus WebM rendition of the VOD test stream under test/fixtures/streams/vod-webm/,
# for engines without H.264/AAC (Chromium 64 as packed in chrome-aws-lambda 0.13). The same picture,
# tone and timing as tools/make-streams.sh: 20 s, 15 fps, two renditions, one keyframe per 2 s segment.
# Needs ffmpeg with libvpx and libopus (Debian: apt-get install -y ffmpeg) and the DejaVu fonts.
set -euo pipefail

source "$(dirname "$0")/streams-common.sh"
OUT="${OUT:-$ROOT/test/fixtures/streams/vod-webm}"

overlay() { # label fontsize
  echo "drawtext=fontfile=$FONT:text='$1 VP9 %{pts\\:hms}':x=4:y=4:fontsize=$2:fontcolor=white:box=1:boxcolor=black@0.6"
}

encode_video() { # name width height kbps fontsize
  local name="$1" w="$2" h="$3" kbps="$4" font="$5"
  "${FF[@]}" -f lavfi -i "testsrc2=size=${w}x${h}:rate=$FPS:duration=$DURATION" -vf "$(overlay "${h}p" "$font")" \
    -c:v libvpx-vp9 -deadline good -cpu-used 4 -row-mt 1 -b:v "${kbps}k" -maxrate "$((kbps * 5 / 4))k" -minrate "$((kbps * 3 / 4))k" \
    -g "$GOP" -keyint_min "$GOP" -pix_fmt yuv420p -an "$WORK/$name.webm"
}

echo "encoding renditions..."
encode_video v90 160 90 32 10
encode_video v180 320 180 96 16
# Opus runs at 48 kHz: 20 s is exactly 1000 frames of 20 ms. The encoder's padding would make one
# more; capped, audio and video loop after the same 20 s in the server's live stream.
"${FF[@]}" -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=$DURATION" \
  -c:a libopus -b:a 24k -ac 1 -frames:a "$((DURATION * 50))" "$WORK/audio.webm"

rm -rf "$OUT"
mkdir -p "$OUT"
echo "packaging DASH (WebM)..."
"${FF[@]}" -i "$WORK/v90.webm" -i "$WORK/v180.webm" -i "$WORK/audio.webm" \
  -map 0:v -map 1:v -map 2:a -c copy \
  -f dash -dash_segment_type webm -seg_duration "$SEGMENT_SECONDS" -use_template 1 -use_timeline 1 \
  -adaptation_sets "id=0,streams=v id=1,streams=a" \
  -init_seg_name 'init-$RepresentationID$.webm' -media_seg_name 'seg-$RepresentationID$-$Number$.webm' \
  "$OUT/manifest.mpd"

echo "sizes:"
du -sh "$OUT"
