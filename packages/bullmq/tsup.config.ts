import { defineConfig } from 'tsup';
import provider from '../../tsup.provider.ts';

export default defineConfig({ ...provider, entry: ['src/index.ts', 'src/testing.ts'] });
