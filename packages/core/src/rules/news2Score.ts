// The NEWS2 scoring the composite rule uses: the metrics module's scoreNews2 (fixed public API, issue 3
// part 8). This one line is the only place the rule depends on where it lives.
export { type News2Input, type News2Result, scoreNews2 } from '../metrics';
