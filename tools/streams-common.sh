# Shared by the stream scripts (sourced, not run): the picture's timing, the tools they need, a
# scratch folder removed on exit. Both scripts make the same 20 s, 15 fps picture, one keyframe
# per 2 s segment, so every rendition lines up.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FONT="${FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf}"
DURATION=20
FPS=15
GOP=$((FPS * 2)) # one keyframe per 2 s segment
SEGMENT_SECONDS=2

command -v ffmpeg >/dev/null || { echo "ffmpeg not found (apt-get install -y ffmpeg)" >&2; exit 1; }
[ -f "$FONT" ] || { echo "font $FONT not found (apt-get install -y fonts-dejavu-core)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
FF=(ffmpeg -hide_banner -loglevel error -y)
