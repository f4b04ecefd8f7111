// Imported first by every bench: graphql-js and Apollo read NODE_ENV when they load, and
// development mode adds per-field checks a production server does not run.
process.env.NODE_ENV ??= 'production';
