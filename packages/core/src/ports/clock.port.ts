/** The time source of the domain; tests drive it by hand. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}
