interface ImportMetaEnv {
  /** Base URL of the labs API, e.g. http://localhost:3000 locally. */
  readonly PUBLIC_LABS_API_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
