// Builds the ES5 UMD bundle: `TvTelemetry` global for a plain <script>, CommonJS/AMD otherwise.
const path = require('path');
const webpack = require('webpack');
const TerserPlugin = require('terser-webpack-plugin');
const { version } = require('./package.json');

module.exports = {
  mode: 'production',
  target: ['web', 'es5'],
  entry: {
    'tv-telemetry-agent': { import: './src/bundle.ts', library: { name: 'TvTelemetry', type: 'umd', export: 'default' } },
    // The Kava sink ships separately (global `TvTelemetryKava`): the default bundle never imports it.
    'tv-telemetry-kava': { import: './src/kava/bundle.ts', library: { name: 'TvTelemetryKava', type: 'umd', export: 'default' } },
    // The debug overlay too (global `TvTelemetryOverlay`): a plugin, so the agent's bundle carries none of it.
    'tv-telemetry-overlay': { import: './src/overlay/bundle.ts', library: { name: 'TvTelemetryOverlay', type: 'umd', export: 'default' } },
  },
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name].js',
    globalObject: 'this',
    environment: { arrowFunction: false, const: false, destructuring: false, forOf: false, module: false },
  },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{ test: /\.ts$/, loader: 'ts-loader', options: { configFile: 'tsconfig.json', compilerOptions: { declaration: false, declarationDir: undefined } } }],
  },
  plugins: [new webpack.DefinePlugin({ __AGENT_VERSION__: JSON.stringify(version) })],
  optimization: {
    minimizer: [
      new TerserPlugin({
        extractComments: false,
        terserOptions: { ecma: 5, toplevel: true, compress: { passes: 3, pure_getters: true, unsafe: true }, format: { comments: false } },
      }),
    ],
  },
  devtool: false,
  performance: { hints: false },
};
