import pino from "pino";

const root = pino({
  level: "info",
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type Logger = pino.Logger;

/** Called once the config is parsed; loggers created earlier follow the new level. */
export function setLogLevel(level: pino.LevelWithSilent): void {
  root.level = level;
}

export function createLogger(scope: string): Logger {
  return root.child({ scope });
}
