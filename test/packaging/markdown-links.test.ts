import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './helpers';

/** Directories that hold build output, downloads or other people's files, not the project's docs. */
const SKIPPED = ['node_modules', 'dist', 'out', '.git', 'test-output', '.collector-data'];

function markdownFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.indexOf(entry.name) >= 0) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...markdownFiles(full));
    else if (entry.name.endsWith('.md')) found.push(full);
  }
  return found;
}

/** The targets of inline links and images, outside code blocks and code spans. */
function linkTargets(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets: string[] = [];
  const link = /!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
  let match: RegExpExecArray | null;
  while ((match = link.exec(prose))) targets.push(match[1]);
  return targets;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchors(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '');
  return (prose.match(/^#{1,6} .*$/gm) || []).map((heading) =>
    heading
      .replace(/^#+ /, '')
      .trim()
      .toLowerCase()
      .replace(/[^\w\- ]/g, '')
      .replace(/ /g, '-')
  );
}

describe('markdown links', () => {
  const files = markdownFiles(ROOT);

  it('finds the README and the docs', () => {
    const shown = files.map((f) => path.relative(ROOT, f));
    expect(shown).to.include.members(['README.md', path.join('docs', 'contract.md')]);
  });

  for (const file of files) {
    const shown = path.relative(ROOT, file);
    it(shown + ': every relative link resolves inside the repository', () => {
      const text = fs.readFileSync(file, 'utf8');
      const broken: string[] = [];
      for (const target of linkTargets(text)) {
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
        const hash = target.indexOf('#');
        const filePart = hash >= 0 ? target.slice(0, hash) : target;
        const anchor = hash >= 0 ? target.slice(hash + 1) : '';
        const resolved = filePart ? path.resolve(path.dirname(file), decodeURIComponent(filePart)) : file;
        if (path.relative(ROOT, resolved).startsWith('..')) broken.push(target + ' (outside the repository)');
        else if (!fs.existsSync(resolved)) broken.push(target + ' (no such file)');
        else if (anchor && resolved.endsWith('.md') && anchors(fs.readFileSync(resolved, 'utf8')).indexOf(anchor) < 0) {
          broken.push(target + ' (no such heading)');
        }
      }
      expect(broken).to.deep.equal([]);
    });
  }
});
