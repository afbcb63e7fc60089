export { PrometheusExporter, type ExporterDeps } from './exporter.js'
export { metricsRoute } from './metrics-route.js'
export { timedRouter } from './timed-router.js'
export { parseExposition, samplesOf, ExpositionError, type Exposition, type Sample } from './parse-text.js'
