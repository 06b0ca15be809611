/** A command line `npm run models` cannot take: research/quantize/cli.ts prints the message and exits 2, without a stack trace. */
export class UsageError extends Error {}
