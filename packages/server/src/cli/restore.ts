import { loadConfig } from '../config';
import { restore } from '../ops/backup';
import { fileArgument } from './args';

// npm run restore -- --in <file>   (into an empty DATABASE_URL database, or a new HEMMA_DATA_DIR)
const config = loadConfig();
const file = fileArgument(process.argv.slice(2), '--in');
await restore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, file);
console.log(`Restored ${file}.`);
