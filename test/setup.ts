import { removeTempDirs } from "./support/files";

// Each test file's temporary folders go when its tests are done.
afterAll(removeTempDirs);
