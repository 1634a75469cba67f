import { loadConfig } from '../config';
import { backup } from '../ops/backup';
import { fileArgument } from './args';

// npm run backup -- --out <file>   (DATABASE_URL, else the embedded database in HEMMA_DATA_DIR)
const config = loadConfig();
const out = fileArgument(process.argv.slice(2), '--out');
const { bytes } = await backup({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, out);
console.log(`Backup written: ${out} (${bytes} bytes).`);
