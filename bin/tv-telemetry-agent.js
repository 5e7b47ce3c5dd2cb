#!/usr/bin/env node
'use strict';
/**
 * tv-telemetry-agent validate <profile.json> [--platform tizen|webos|hbbtv|browser] [--json]
 *
 * Checks an operator profile with the same validateProfile the agent runs in createAgent (taken
 * from the built bundle, so this works from an installed package without TypeScript). Prints every
 * problem, one per line with its path, and exits 1; or prints "ok" and exits 0. A file that cannot
 * be read or is not JSON exits 2, as a usage error does. `--json` prints the result as one JSON
 * object for CI: { file, ok, problems: [{ path, message, platform? }] }. The `kava` and
 * `debug` sections are checked as the agent does with their add-ons' plugins (the bundles next to
 * it: the agent alone keeps these sections as written). The `package` section is the packaging
 * scripts' to check (npm run package:<platform>): the agent keeps it as written.
 */
var fs = require('fs');
var path = require('path');

var PLATFORMS = ['tizen', 'webos', 'hbbtv', 'browser'];
var BUNDLE = path.join(__dirname, '..', 'dist', 'tv-telemetry-agent.js');
/** The add-ons whose plugins bring the fields of a profile section (AgentPlugin.profile). */
var ADDONS = ['tv-telemetry-kava.js', 'tv-telemetry-overlay.js'];
var USAGE =
  'usage: tv-telemetry-agent validate <profile.json> [--platform ' +
  PLATFORMS.join('|') +
  '] [--json]\n' +
  '\n' +
  'Without --platform the profile is checked as written and once more with each of its\n' +
  '`platforms` overrides applied; with --platform, as the agent sees it on that platform.\n' +
  '--json prints { file, ok, problems: [{ path, message, platform? }] } instead of lines.\n' +
  'Exits 0 when valid, 1 on problems, 2 when the file cannot be read or is not JSON (or on a usage error).';

function fail(message, code) {
  process.stderr.write('tv-telemetry-agent: ' + message + '\n');
  process.exit(code);
}

function parseArgs(argv) {
  var args = { command: null, file: null, platform: null, json: false };
  for (var i = 0; i < argv.length; i++) {
    var a = argv[i];
    if (a === '-h' || a === '--help') args.command = 'help';
    else if (a === '-v' || a === '--version') args.command = 'version';
    else if (a === '--platform' || a === '-p') args.platform = argv[++i] || '';
    else if (a.indexOf('--platform=') === 0) args.platform = a.slice('--platform='.length);
    else if (a === '--json') args.json = true;
    else if (a.charAt(0) === '-') fail('unknown option ' + a + '\n' + USAGE, 2);
    else if (!args.command) args.command = a;
    else if (!args.file) args.file = a;
    else fail('unexpected argument ' + a + '\n' + USAGE, 2);
  }
  return args;
}

function loadAgent() {
  try {
    return require(BUNDLE);
  } catch (e) {
    return fail('cannot load ' + BUNDLE + ' (' + e.message + '); in a source checkout run `npm run build` first', 2);
  }
}

/** The profile sections of the add-on bundles next to the agent's; one not there checks nothing. */
function addonSections() {
  var sections = {};
  ADDONS.forEach(function (file) {
    var bundle = path.join(path.dirname(BUNDLE), file);
    if (!fs.existsSync(bundle)) return;
    var profile = require(bundle).plugin.profile;
    for (var name in profile) sections[name] = profile[name];
  });
  return sections;
}

/** "line L, column C" for a JSON.parse error that names a position. */
function jsonErrorWhere(text, error) {
  var m = /position (\d+)/.exec(error.message);
  if (!m) return '';
  var before = text.slice(0, +m[1]).split('\n');
  return ' at line ' + before.length + ', column ' + (before[before.length - 1].length + 1);
}

function readProfile(file) {
  var text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return fail('cannot read ' + file + ': ' + (e.code === 'ENOENT' ? 'no such file' : e.message), 2);
  }
  text = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(file + ' is not valid JSON' + jsonErrorWhere(text, e) + ': ' + e.message, 2);
  }
}

/**
 * Problems of the profile as written, then those only one platform's overrides cause, each
 * { text, platform } (platform: null for the profile as written, or as --platform names it).
 */
function problemsOf(agent, raw, platform) {
  var sections = addonSections();
  function listed(result, on) {
    return result.ok
      ? []
      : result.problems.map(function (text) {
          return { text: text, platform: on };
        });
  }
  if (platform) return listed(agent.validateProfile(raw, platform, sections), null);
  var problems = listed(agent.validateProfile(raw, undefined, sections), null);
  var texts = problems.map(function (p) {
    return p.text;
  });
  var overrides = raw && typeof raw === 'object' && raw.platforms;
  if (!overrides || typeof overrides !== 'object') return problems;
  PLATFORMS.forEach(function (name) {
    if (!Object.prototype.hasOwnProperty.call(overrides, name)) return;
    listed(agent.validateProfile(raw, name, sections), name).forEach(function (p) {
      // already listed as written, or as the override's own problem (platforms.<name>.<path>)
      if (texts.indexOf(p.text) < 0 && texts.indexOf('platforms.' + name + '.' + p.text) < 0) problems.push(p);
    });
  });
  return problems;
}

/**
 * A problem as data: its text is "path: message", and a message never holds ": " (validateProfile
 * promises it), so the last one splits them, whatever a key holds. The "…and more" past the 50
 * first has no path.
 */
function asData(problem) {
  var at = problem.text.lastIndexOf(': ');
  var out = at < 0 ? { path: null, message: problem.text } : { path: problem.text.slice(0, at), message: problem.text.slice(at + 2) };
  if (problem.platform) out.platform = problem.platform;
  return out;
}

function main(argv) {
  var args = parseArgs(argv);
  if (args.command === 'help' || !args.command) {
    process.stdout.write(USAGE + '\n');
    return process.exit(args.command ? 0 : 2);
  }
  if (args.command === 'version') {
    process.stdout.write(loadAgent().version + '\n');
    return process.exit(0);
  }
  if (args.command !== 'validate') fail('unknown command ' + args.command + '\n' + USAGE, 2);
  if (!args.file) fail('validate needs a profile file\n' + USAGE, 2);
  if (args.platform !== null && PLATFORMS.indexOf(args.platform) < 0) fail('--platform must be one of ' + PLATFORMS.join(', '), 2);

  var agent = loadAgent();
  var problems = problemsOf(agent, readProfile(args.file), args.platform);
  if (args.json) {
    process.stdout.write(JSON.stringify({ file: args.file, ok: !problems.length, problems: problems.map(asData) }, null, 2) + '\n');
    return process.exit(problems.length ? 1 : 0);
  }
  if (problems.length) {
    process.stdout.write(
      problems
        .map(function (p) {
          return p.text + (p.platform ? ' (on ' + p.platform + ')' : '');
        })
        .join('\n') + '\n'
    );
    process.stderr.write(args.file + ': ' + problems.length + ' problem' + (problems.length > 1 ? 's' : '') + '\n');
    return process.exit(1);
  }
  process.stdout.write('ok\n');
  return process.exit(0);
}

main(process.argv.slice(2));
