/**
 * Where the viewer's playback of one media is, in Kava's model, and which Kava events each change
 * sends. The tracker feeds the media element's events (and the player's unload) in; Kava's rules
 * for PLAY_REQUEST, PLAY, PAUSE, RESUME and REPLAY read off TRANSITIONS. The parameters of each
 * event are the tracker's (it knows the clocks and the player).
 */
import { Kava as E } from './events';

export type Phase =
  /** no media loaded yet: the element's events are not this tracker's media */
  | 'unloaded'
  /** loaded (IMPRESSION due or sent), no play asked for yet */
  | 'ready'
  /** play asked for (PLAY_REQUEST sent), no frame shown yet */
  | 'requested'
  /** paused before the first frame (PAUSE sent) */
  | 'held'
  /** frames shown (PLAY sent) and moving: the VIEW cadence runs only here */
  | 'playing'
  /** the viewer paused after the first frame (PAUSE sent): the next frames are a RESUME */
  | 'paused'
  /** play asked for again after a pause, no frame yet: the RESUME is still to come */
  | 'resuming'
  /** the player unloaded the content while it played: not moving, nothing owed */
  | 'stopped'
  /** the media ended (the quartiles complete): the next frames are a REPLAY */
  | 'ended';

/** What the media element says (`play`, `playing`, `pause`, `ended`), and the player's unload. */
export type PlaybackInput = 'play' | 'playing' | 'pause' | 'ended' | 'unloading';

export interface Transition {
  to: Phase;
  /** Kava events sent on the way, in this order */
  send: E[];
}

/** What a phase means for the other rules. */
export interface PhaseTraits {
  /** PLAY_REQUEST went out: speed and caption changes are events; an ERROR is no longer "before the request" */
  requested: boolean;
  /** PLAY went out: seeks are events, the session can expire, live position is relative to the edge */
  started: boolean;
  /** a stall here is buffering: its time counts and BUFFER_START/END report it */
  buffers: boolean;
}

export var PHASES: { [P in Phase]: PhaseTraits } = {
  unloaded: { requested: false, started: false, buffers: false },
  ready: { requested: false, started: false, buffers: false },
  requested: { requested: true, started: false, buffers: true },
  held: { requested: true, started: false, buffers: false },
  playing: { requested: true, started: true, buffers: true },
  paused: { requested: true, started: true, buffers: false },
  resuming: { requested: true, started: true, buffers: true },
  stopped: { requested: true, started: true, buffers: true },
  ended: { requested: true, started: true, buffers: false },
};

function to(phase: Phase, send?: E[]): Transition {
  return { to: phase, send: send || [] };
}

/**
 * Every change of phase and what it sends; an input a phase does not list changes nothing and sends
 * nothing (a `pause` before any play, the `play` that comes with a replay, a second `playing`...).
 * Any loaded media can end; the quartiles left are sent then (see the tracker).
 */
export var TRANSITIONS: { [P in Phase]: { [I in PlaybackInput]?: Transition } } = {
  unloaded: {},
  ready: {
    play: to('requested', [E.PLAY_REQUEST]),
    playing: to('playing', [E.PLAY_REQUEST, E.PLAY]),
    ended: to('ended'),
  },
  requested: {
    playing: to('playing', [E.PLAY]),
    pause: to('held', [E.PAUSE]),
    ended: to('ended'),
  },
  held: {
    play: to('requested'),
    playing: to('playing', [E.PLAY]),
    ended: to('ended'),
  },
  playing: {
    playing: to('playing'),
    pause: to('paused', [E.PAUSE]),
    ended: to('ended'),
    unloading: to('stopped'),
  },
  paused: {
    play: to('resuming'),
    playing: to('playing', [E.RESUME]),
    ended: to('ended'),
  },
  resuming: {
    playing: to('playing', [E.RESUME]),
    pause: to('paused', [E.PAUSE]),
    ended: to('ended'),
  },
  stopped: {
    playing: to('playing'),
    pause: to('paused', [E.PAUSE]),
    ended: to('ended'),
  },
  ended: {
    playing: to('playing', [E.REPLAY]),
    ended: to('ended'),
  },
};
