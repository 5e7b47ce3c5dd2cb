import { expect } from 'chai';
import * as sinon from 'sinon';
import { storedDeviceId } from '../../../src/delivery/persist';
import { createStorage } from '../../../src/platform/storage';
import { fakeDeps, FakeWindow, fakeWindow, UUID4 } from '../platform/fakes';

/** The persistence add-on's device UUID over the window's storage, as persistVaultQueues makes it. */
function deviceIdOn(win: FakeWindow, random = sinon.stub().returns(0.5)): string {
  return storedDeviceId(createStorage({ window: win, logger: fakeDeps().logger }), win, random);
}

describe('delivery/persist storedDeviceId (the stored device UUID)', () => {
  it('generates a UUID v4 once and keeps it under tvt:device', () => {
    var win = fakeWindow();
    var id = deviceIdOn(win);
    expect(id).to.match(UUID4);
    expect(win.localStorage!.data).to.deep.equal({ 'tvt:device': id });
    expect(deviceIdOn(win)).to.equal(id);
  });

  it('regenerates a corrupt stored device ID', () => {
    var win = fakeWindow();
    win.localStorage!.data['tvt:device'] = 'not-a-uuid';
    var id = deviceIdOn(win);
    expect(id).to.match(UUID4);
    expect(win.localStorage!.data['tvt:device']).to.equal(id);
  });

  it('keeps a valid stored device ID', () => {
    var win = fakeWindow();
    win.localStorage!.data['tvt:device'] = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(deviceIdOn(win)).to.equal('0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it('draws from crypto.getRandomValues when the window has it', () => {
    var win = fakeWindow({
      crypto: {
        getRandomValues: sinon.spy((a: Uint8Array) => {
          a[0] = 0xff;
          return a;
        }),
      },
    });
    var random = sinon.stub().returns(0.5);
    expect(deviceIdOn(win, random)).to.equal('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(random.called).to.equal(false);
  });

  it('falls back to the injected random without crypto, or when crypto throws', () => {
    var id = deviceIdOn(fakeWindow());
    expect(id).to.equal('80808080-8080-4080-8080-808080808080');
    var throwing = fakeWindow({ crypto: { getRandomValues: sinon.stub().throws(new Error('nope')) } });
    expect(deviceIdOn(throwing)).to.equal(id);
  });

  it('still gives a device ID, stable for the session, when storage is unusable', () => {
    var win = fakeWindow({ localStorage: null });
    var storage = createStorage({ window: win, logger: fakeDeps().logger });
    var random = sinon.stub().returns(0.5);
    var first = storedDeviceId(storage, win, random);
    expect(first).to.match(UUID4);
    expect(storedDeviceId(storage, win, sinon.stub().returns(0.1))).to.equal(first);
  });
});
