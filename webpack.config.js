// Builds the ES5 UMD bundle: `TvTelemetry` global for a plain <script>, CommonJS/AMD otherwise.
const path = require('path');
const webpack = require('webpack');
const TerserPlugin = require('terser-webpack-plugin');
const { version } = require('./package.json');

/**
 * A UMD wrapper (CommonJS, AMD, else the global `name`), as webpack's own would behave, without its
 * library runtime (export getters): the entry assigns its API to the `tvTelemetryExports` declared
 * here (src/bundle.ts, src/lean.ts, src/kava/bundle.ts). Added before minification, so the minifier shrinks the wrapper
 * with the code. Used where the runtime's ~90 B count: the agent's budget, and Kava's 5 KB.
 */
function umdWrapper(file, name) {
  var head =
    '(function (root, factory) {' +
    "if (typeof exports == 'object' && typeof module == 'object') module.exports = factory();" +
    "else if (typeof define == 'function' && define.amd) define([], factory);" +
    "else (typeof exports == 'object' ? exports : root)." +
    name +
    ' = factory();' +
    "})(this, function () {'use strict'; var tvTelemetryExports;";
  var include = new RegExp('^' + file.replace(/[.-]/g, '\\$&') + '$');
  return [
    new webpack.BannerPlugin({ include: include, raw: true, banner: head }),
    new webpack.BannerPlugin({ include: include, raw: true, footer: true, banner: 'return tvTelemetryExports; });' }),
  ];
}

/** An add-on bundle: its entry's default export is the global `name` (or the CommonJS/AMD module). */
function addon(entry, name) {
  return { import: entry, library: { name: name, type: 'umd', export: 'default' } };
}

/**
 * Minifies with uglify-js, which gave the core 1.6 % less gzip than terser 5.51 (11,178 -> 10,998 B). Called
 * directly, not through TerserPlugin.uglifyJsMinify, which drops `module: false`: uglify's default
 * (module: true) turns function expressions into arrow functions, which are not ES5.
 * No pure_getters: it lets the minifier reorder property reads (terser 5.51 with it once moved a
 * `total +=` behind an `&&` in ring peek).
 */
function uglifyEs5(input, sourceMap) {
  // input: { [file name]: code }, as uglify-js takes it. When devtool asks for a source map (as
  // bench/bundle-map.ts does), uglify-js maps its output to its input and TerserPlugin chains that
  // onto webpack's map; without it webpack writes no .map.
  var result = require('uglify-js').minify(input, {
    module: false,
    toplevel: true,
    compress: { passes: 10, unsafe: true, unsafe_proto: true },
    output: { comments: false },
    sourceMap: !!sourceMap,
  });
  if (result.error) throw result.error;
  return { code: result.code, map: result.map ? JSON.parse(result.map) : undefined, warnings: result.warnings || [], errors: [] };
}

module.exports = {
  mode: 'production',
  target: ['web', 'es5'],
  entry: {
    // No webpack library: umdWrapper below wraps it (webpack's UMD output needs an exports runtime).
    // The default bundle is the lossless one (persistence built in); the lean one leaves it out.
    'tv-telemetry-agent': './src/bundle.ts',
    // The same API without queue persistence (package entry `tv-telemetry-agent/lean`; `/persist` adds it back).
    'tv-telemetry-agent-lean': './src/lean.ts', // umdWrapper below wraps it
    // The Kava sink ships separately (global `TvTelemetryKava`): the default bundle never imports it.
    'tv-telemetry-kava': './src/kava/bundle.ts', // umdWrapper below wraps it
    // The TV platform adapters (globals `TvTelemetryTizen`, `TvTelemetryWebos`, `TvTelemetryHbbtv`): an app loads its one.
    'tv-telemetry-tizen': addon('./src/addons/tizen.ts', 'TvTelemetryTizen'),
    'tv-telemetry-webos': addon('./src/addons/webos.ts', 'TvTelemetryWebos'),
    'tv-telemetry-hbbtv': addon('./src/addons/hbbtv.ts', 'TvTelemetryHbbtv'),
    // Queue persistence (global `TvTelemetryPersist`): the default bundle has it built in; this add-on
    // makes the lean bundle lossless too.
    'tv-telemetry-persist': addon('./src/addons/persist.ts', 'TvTelemetryPersist'),
    // The debug overlay too (global `TvTelemetryOverlay`): a plugin, so the agent's bundle carries none of it.
    'tv-telemetry-overlay': addon('./src/overlay/bundle.ts', 'TvTelemetryOverlay'),
  },
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name].js',
    globalObject: 'this',
    environment: { arrowFunction: false, const: false, destructuring: false, forOf: false, module: false },
  },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [
      { test: /\.ts$/, loader: 'ts-loader', options: { configFile: 'tsconfig.json', compilerOptions: { declaration: false, declarationDir: undefined } } },
    ],
  },
  plugins: [
    new webpack.DefinePlugin({ __AGENT_VERSION__: JSON.stringify(version) }),
    ...umdWrapper('tv-telemetry-agent.js', 'TvTelemetry'),
    ...umdWrapper('tv-telemetry-agent-lean.js', 'TvTelemetry'),
    ...umdWrapper('tv-telemetry-kava.js', 'TvTelemetryKava'),
  ],
  optimization: {
    minimizer: [new TerserPlugin({ minify: uglifyEs5, extractComments: false })],
  },
  devtool: false,
  performance: { hints: false },
};
