/**
 * The values of a content description's `contentSource` (and of the profile's default for it). A
 * module of its own so that checking a description does not pull in the profile's whole table.
 */
export var CONTENT_SOURCES = ['IPTV', 'OTT', 'Blend'];
