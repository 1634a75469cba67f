export * from './appleHealth';
export * from './csvFormats';
export * from './csvImport';
export * from './records';
export * from './sourceKey';
