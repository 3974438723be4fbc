/**
 * Shared words of the wake probe (wake-probe.ts and its sleeper worker).
 * Int32 words first, then the notifier's stamp, then the samples.
 */
export const kWakeWord = 0; // Int32: bumped by the notifier on every wake-up
export const kStopWord = 1; // Int32: 1 asks the sleeper to leave
export const kRecordWord = 2; // Int32: 1 while samples are kept
export const kCountWord = 3; // Int32: samples kept so far
/** The notifier's clock at each notify (ms), in slot (wake word & mask): a sleeper late by several periods still measures from the first notify it missed. */
export const kStampsByteOffset = 64;
export const kStampSlots = 64;
export const kSamplesByteOffset = kStampsByteOffset + kStampSlots * 8;
/** Most samples one step keeps: at one wake-up per millisecond, 16 s. */
export const kMaxSamples = 16_384;

export function allocateWakeProbe(): SharedArrayBuffer {
  return new SharedArrayBuffer(kSamplesByteOffset + kMaxSamples * 8);
}
