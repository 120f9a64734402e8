'use strict';
// plotly.js with only the trace types the lessons' charts draw (scatter comes with the core): a fifth of the full
// bundle, which the browser otherwise evaluates on every page before its first chart (bench/README.md). A figure
// with another type (a 3-D view) loads the full plotly.min.js instead (ui/live_plot.py).
var Plotly = require('plotly.js/lib/core');

var traces = [
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/contour'),
];
Plotly.register(traces);

// What ui/live_plot.py's loader asks before drawing a figure with this bundle (the full plotly.js has no such list).
Plotly.traceTypes = ['scatter'].concat(traces.map(function(trace) { return trace.name; }));

module.exports = Plotly;
