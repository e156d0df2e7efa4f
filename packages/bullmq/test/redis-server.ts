import type { TestProject } from 'vitest/node';
import { startRedisServer } from '../src/testing.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:PORT` of the real redis-server this test run started. */
    redisUrl: string;
  }
}

/** A real redis-server on loopback, without persistence, for the whole run; stopped after. */
export default async function setup(project: TestProject) {
  const redis = await startRedisServer();
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
