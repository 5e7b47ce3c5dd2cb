/**
 * The npm tarball: its size packed and unpacked, and its largest files, as `npm pack --dry-run`
 * reports them (without the prepack build: `npm run bench` has just built dist/).
 *
 *   npx tsx bench/tarball.ts
 */
import { packList } from '../test/helpers/pack';

const pack = packList();
const kb = (bytes: number) => (bytes / 1024).toFixed(1) + ' KB';
console.log(`npm tarball ${pack.filename}: ${kb(pack.size)} packed (${pack.size} B), ${kb(pack.unpackedSize)} unpacked, ${pack.files.length} files`);
const largest = pack.files
  .slice()
  .sort((a, b) => b.size - a.size)
  .slice(0, 8);
for (const file of largest) console.log(`  ${kb(file.size).padStart(9)}  ${file.path}`);
