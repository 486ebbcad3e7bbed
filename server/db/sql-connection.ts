/** The smallest SQL surface the migration runner, pg-boss and health checks need. */
export type SqlConnection = {
  /** One parameterised statement. */
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
  /** A script of several statements, no parameters. */
  exec(script: string): Promise<void>;
};

/** Runs statements in one transaction on one connection; rolled back if `work` throws. */
export type SqlTransaction = <T>(work: (connection: SqlConnection) => Promise<T>) => Promise<T>;
