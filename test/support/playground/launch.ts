/** The Playground launcher lives with the other local stand-ins; tests use the same one as `npm run dev`. */
export * from '../../../src/dev/playground/launch';
