import { App } from 'cdk8s';
import { buildStack } from '../../charts/stack';
import { EnvironmentConfig } from '../config/schema';
import { renderCharts } from '../synth/render-charts';
import { RenderedObject } from './finding';

/** Renders one validated environment in memory, exactly as synth does (no files written). */
export function renderObjects(config: EnvironmentConfig): RenderedObject[] {
  // Never synthesised (renderCharts reads the constructs), so nothing is written to the outdir.
  const app = new App({ recordConstructMetadata: false });
  buildStack(app, config);
  return renderCharts(app).flatMap(chart => chart.objects);
}
