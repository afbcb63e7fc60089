export { placeByStrategy } from './place-by-strategy.js'
