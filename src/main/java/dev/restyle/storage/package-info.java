/**
 * Files on any Hadoop file system: inputs found by one metadata request, with their version and bytes
 * fetched on demand ({@link dev.restyle.storage.InputFile}), reads with a size cap, objects written whole or not at all, and
 * copies to local disk, hashed on the way; and which inputs a run may read ({@link
 * dev.restyle.storage.InputPolicy}).
 *
 * <p>May import support and Hadoop.
 */
package dev.restyle.storage;
