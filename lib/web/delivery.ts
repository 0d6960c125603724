import { COLOUR_LABEL, TRACK_LABEL } from '../core/platform-keys';

/** The two colours of a blue-green app. */
export type Colour = 'blue' | 'green';

/** Selector labels of the stable or the canary track. */
export function trackLabels(track: 'stable' | 'canary'): Record<string, string> {
  return { [TRACK_LABEL]: track };
}

/** Selector labels of a colour. */
export function colourLabels(colour: Colour): Record<string, string> {
  return { [COLOUR_LABEL]: colour };
}

/** Replace pods in place: one Deployment. */
export interface RollingDelivery {
  readonly mode: 'rolling';
  /** Pinned image. */
  readonly image: string;
}

/** A stable Deployment plus a canary Deployment that gets a weighted share of the requests. */
export interface CanaryDelivery {
  readonly mode: 'canary';
  /** Pinned image of the stable version. */
  readonly image: string;
  /** Pinned image of the version under test. */
  readonly canaryImage: string;
  /** Percent of requests sent to the canary (0-100). */
  readonly weight: number;
  /** Fixed replica count of the canary Deployment (it never gets an HPA). @default 1 */
  readonly canaryReplicas?: number;
}

/** Two complete Deployments; the Service selects the active colour. */
export interface BlueGreenDelivery {
  readonly mode: 'blueGreen';
  /** The colour that serves requests. */
  readonly active: Colour;
  /** Pinned image per colour. */
  readonly images: Readonly<Record<Colour, string>>;
}

/** How a new version reaches users. */
export type Delivery = RollingDelivery | CanaryDelivery | BlueGreenDelivery;

/** One Deployment of an app under a delivery mode. */
export interface Track {
  /** Appended to the app name for the Deployment (and its HPA and PDB). */
  readonly suffix: string;
  /** Labels that set this Deployment's pods apart from the app's other Deployments; added to its selector. */
  readonly labels: Readonly<Record<string, string>>;
  /** Pinned image this Deployment runs. */
  readonly image: string;
  /** A fixed replica count; otherwise the app's own scaling (replicas or HPA) applies. */
  readonly fixedReplicas?: number;
}

/**
 * The Deployments a delivery mode runs. The stable track is `<app>` with `track: stable` in both
 * rolling and canary mode, so moving between them never touches its (immutable) selector.
 */
export function tracksOf(delivery: Delivery): Track[] {
  switch (delivery.mode) {
    case 'rolling':
      return [{ suffix: '', labels: trackLabels('stable'), image: delivery.image }];
    case 'canary':
      return [
        { suffix: '', labels: trackLabels('stable'), image: delivery.image },
        { suffix: '-canary', labels: trackLabels('canary'), image: delivery.canaryImage, fixedReplicas: delivery.canaryReplicas ?? 1 },
      ];
    case 'blueGreen':
      return (['blue', 'green'] as const).map(colour => ({ suffix: `-${colour}`, labels: colourLabels(colour), image: delivery.images[colour] }));
  }
}

/** The labels the main Service selects on top of the app's selector: the stable track or the active colour. */
export function servingLabels(delivery: Delivery): Record<string, string> {
  return delivery.mode === 'blueGreen' ? colourLabels(delivery.active) : trackLabels('stable');
}

/** The colour that does not serve: what the preview Service selects. */
export function standbyColour(active: Colour): Colour {
  return active === 'blue' ? 'green' : 'blue';
}
