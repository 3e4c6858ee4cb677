/**
 * Files on any Hadoop file system: reads with a size cap, objects written whole or not at all, and
 * copies to local disk, hashed on the way; and which inputs a run may read ({@link
 * dev.restyle.storage.InputPolicy}).
 *
 * <p>May import support and Hadoop.
 */
package dev.restyle.storage;
