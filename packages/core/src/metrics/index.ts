// Clinical metrics for staff views and reports (issue 3, parts 7 and 8). Pure functions: no I/O, no clock.
export * from './adherence';
export * from './glucose';
export * from './homeBp';
export * from './instruments';
export * from './news2';
export * from './weight';
