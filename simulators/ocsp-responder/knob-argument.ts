// Knobs as command-line text, for `roadtest serve ocsp --knob ...` and step definitions:
//   good | unknown | unauthorisedSigner | malformed | down
//   revoked[=<reason>[@<ISO time>]]      staleThisUpdate=<s>   futureThisUpdate=<s>
//   nextUpdateInPast=<s>                 httpError=<status>    slow=<ms>
import { knobDescriptor, type KnobName, type KnobSettings } from './knobs.js';

export type ParsedKnob = { [K in KnobName]: { name: K; value: KnobSettings[K] } }[KnobName];

function nonNegative(name: string, text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(n) || n < 0) throw new Error(`knob '${name}' needs a non-negative number, e.g. ${name}=60`);
  return n;
}

export function parseKnobArgument(arg: string): ParsedKnob {
  const eq = arg.indexOf('=');
  const name = (eq < 0 ? arg : arg.slice(0, eq)).trim();
  const value = eq < 0 ? undefined : arg.slice(eq + 1).trim();
  if (!knobDescriptor(name)) throw new Error(`unknown OCSP responder knob '${name}'`);
  switch (name as KnobName) {
    case 'good':
    case 'unknown':
    case 'unauthorisedSigner':
    case 'malformed':
    case 'down':
      if (value !== undefined) throw new Error(`knob '${name}' takes no value`);
      return { name, value: true } as ParsedKnob;
    case 'revoked': {
      if (value === undefined) return { name: 'revoked', value: {} };
      const [reasonText, timeText] = value.split('@');
      const reason = reasonText === '' ? undefined : nonNegative(name, reasonText);
      const time = timeText ? new Date(timeText) : undefined;
      if (time && Number.isNaN(time.getTime())) throw new Error(`knob 'revoked': bad time '${timeText}'`);
      return { name: 'revoked', value: { reason, time } };
    }
    case 'staleThisUpdate':
    case 'futureThisUpdate':
    case 'nextUpdateInPast':
      return { name, value: { seconds: nonNegative(name, value) } } as ParsedKnob;
    case 'httpError': {
      const status = nonNegative(name, value);
      if (!Number.isInteger(status) || status < 100 || status > 599) throw new Error(`knob 'httpError' needs an HTTP status 100-599`);
      return { name: 'httpError', value: { status } };
    }
    case 'slow':
      return { name: 'slow', value: { delayMs: nonNegative(name, value) } };
  }
}
