export * from './catalogue';
export * from './evaluate';
export * from './fhir';
export * from './format';
export * from './identity';
export * from './thresholds';
export type * from './types';
export * from './validate';
