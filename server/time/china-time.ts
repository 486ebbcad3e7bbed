// China keeps one time zone, UTC+8, without daylight saving: its wall clock is UTC moved 8 hours,
// whatever zone the server runs in. WeChat's APIs, carriers and customers all speak it.

const CHINA_OFFSET_MS = 8 * 3600_000;

/** `at` on China's wall clock, as ISO text without a zone: "2026-12-06T09:12:00.000". */
export function chinaWallClock(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 23);
}

/** The instant a day in China (YYYY-MM-DD) begins. */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** Midnight in China of the day `at` falls in. */
export function startOfChinaDay(at: Date): Date {
  return chinaDayStart(chinaWallClock(at).slice(0, 10));
}
