import { expect } from 'chai';
import { heapKinds, sampledMs, type CpuProfile } from '../../../bench/samples';

describe('bench: reading V8 profiles', function () {
  // root > page.js (not the subject) > agent.js: samples in node 3 are the subject's, in 2 are not
  var profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { url: '', functionName: '(root)' }, children: [2] },
      { id: 2, callFrame: { url: 'http://x/page.js', functionName: 'page' }, children: [3] },
      { id: 3, callFrame: { url: 'http://x/dist/agent.js', functionName: 'record' } },
    ],
    // at 1, 2, 3, 4 and 5 ms into the profile
    samples: [3, 2, 3, 3, 2],
    timeDeltas: [1000, 1000, 1000, 1000, 1000],
  };

  it("counts the samples whose stack passes through the subject's scripts, in all and from a point on", function () {
    expect(sampledMs(profile, ['agent.js'], false, 0)).to.deep.equal({ ms: 3, steadyMs: 3 });
    expect(sampledMs(profile, ['agent.js'], false, 3)).to.deep.equal({ ms: 3, steadyMs: 2 });
    expect(sampledMs(profile, ['agent.js'], false, 10)).to.deep.equal({ ms: 3, steadyMs: 0 });
    expect(sampledMs(profile, ['page.js'], false, 0).ms).to.equal(5);
  });

  it('sums a heap snapshot by kind: objects by constructor, strings together', function () {
    var snapshot = {
      snapshot: { meta: { node_fields: ['type', 'name', 'id', 'self_size'], node_types: [['hidden', 'object', 'string', 'closure', 'code']] as [string[]] } },
      strings: ['Object', 'abc', 'def', 'f', '(bytecode)'],
      // type, name, id, self_size
      nodes: [1, 0, 1, 40, 1, 0, 2, 24, 2, 1, 3, 16, 2, 2, 4, 16, 3, 3, 5, 32, 4, 4, 6, 100],
    };
    var kinds = heapKinds(snapshot);
    expect(Object.fromEntries(kinds)).to.deep.equal({ 'object Object': 64, strings: 32, closures: 32, 'code (bytecode)': 100 });
  });
});
