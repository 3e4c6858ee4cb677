/**
 * Plumbing written once: the digest, the process-memory reader, atomic local writes, and
 * {@link dev.restyle.support.ErrorClass}, which the errors of every package carry.
 *
 * <p>Imports nothing of Restyle's.
 */
package dev.restyle.support;
