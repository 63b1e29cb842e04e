import { readScenarios } from './read-scenarios.js'
import type { Scenario } from './scenario.js'
import { searchScenario } from './search-scenario.js'
import { writeScenarios } from './write-scenarios.js'

export { sampleArticles } from './read-scenarios.js'

/** Every scenario, in the order they run: the reads first (writes drop cached representations). */
export const scenarios: readonly Scenario[] = [...readScenarios, searchScenario, ...writeScenarios]
