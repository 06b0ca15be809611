/** The server's exit codes (server/README.md): 0 ok, 1 fatal, 2 invalid configuration, 3 drain timeout. */
export const EXIT = { ok: 0, fatal: 1, badConfig: 2, drainTimeout: 3 } as const;
