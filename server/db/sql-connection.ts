/** The smallest SQL surface the migration runner, pg-boss and health checks need. */
export type SqlConnection = {
  /** One parameterised statement. */
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
  /** A script of several statements, no parameters. */
  exec(script: string): Promise<void>;
};

export type TransactionOptions = {
  /**
   * The transaction only derives state from input already stored durably, and marks that input
   * processed: its commit does not wait for the WAL flush. A crash can lose the last fraction of a
   * second of such commits; their input, still unprocessed, is then processed again. Any later
   * ordinary commit flushes them first, so nothing built on them outlives them.
   */
  replayable?: boolean;
  /**
   * Named statements run on plans made once per connection (generic plans), not planned again with
   * every call's values: for statements that go through unique keys only, planning cost more than
   * running them. Ignored by PGlite.
   */
  genericPlans?: boolean;
};

/** Runs statements in one transaction on one connection; rolled back if `work` throws. */
export type SqlTransaction = <T>(
  work: (connection: SqlConnection) => Promise<T>,
  options?: TransactionOptions,
) => Promise<T>;
