export * from './ble';
export * from './catalogue';
export * from './evaluate';
export * from './fhir';
export * from './format';
export * from './identity';
// The import parsers (with their XML and CSV libraries) are a subpath, @hemma/core/imports, so apps that
// do not import files do not carry them.
export * from './imports/records';
export * from './imports/sourceKey';
export * from './metrics';
export * from './protocols';
export * from './questionnaires';
export * from './rules';
export * from './run-in';
export * from './simulation';
export * from './sms';
export * from './sms-reply';
export * from './thresholds';
export type * from './types';
export * from './validate';
