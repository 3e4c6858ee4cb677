/**
 * The one-time, checksum-verified download of the official VGG19 checkpoint for {@code restyle demo}.
 * Part of {@code model}.
 */
package dev.restyle.model.download;
