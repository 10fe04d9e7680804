package org.archivesync.agent.watcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a scan is, from its bytes rather than its name: PDF ({@code %PDF}), TIFF ({@code II*\0} / {@code MM\0*}) or
 * JPEG ({@code FF D8 FF}); its page count (PDFBox for a PDF, every image of a TIFF through ImageIO, 1 for a JPEG)
 * and its resolution when the image says (TIFF, JPEG/JFIF; a PDF has none of its own).
 */
final class ScanInspector {

    record Inspection(String mediaType, int pages, Integer dpi) {

        String extension() {
            return switch (mediaType) {
                case "application/pdf" -> ".pdf";
                case "image/tiff" -> ".tif";
                default -> ".jpg";
            };
        }
    }

    /** The scan cannot be used; {@link #reason()} is one of {@code not-a-scan}, {@code damaged}, ... */
    static final class UnreadableScanException extends Exception {
        private final String reason;

        UnreadableScanException(String reason, Throwable cause) {
            super(reason, cause);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private ScanInspector() {
    }

    static Inspection inspect(Path file) throws UnreadableScanException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (AccessDeniedException e) {
            throw new UnreadableScanException("cannot-read", e);
        } catch (IOException e) {
            throw new UnreadableScanException("cannot-read", e);
        }
        if (n == 4 && Arrays.equals(head, new byte[] {'%', 'P', 'D', 'F'})) {
            return pdf(file);
        }
        if (n == 4 && (Arrays.equals(head, new byte[] {'I', 'I', 42, 0}) || Arrays.equals(head, new byte[] {'M', 'M', 0, 42}))) {
            return image(file, "tiff", "image/tiff");
        }
        if (n >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF) {
            return image(file, "jpeg", "image/jpeg");
        }
        throw new UnreadableScanException("not-a-scan", null);
    }

    private static Inspection pdf(Path file) throws UnreadableScanException {
        try (PDDocument document = Loader.loadPDF(file.toFile())) {
            int pages = document.getNumberOfPages();
            if (pages < 1) {
                throw new UnreadableScanException("damaged", null);
            }
            return new Inspection("application/pdf", pages, null);
        } catch (InvalidPasswordException e) {
            throw new UnreadableScanException("password-protected", e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // A damaged file can send a parser anywhere; a deeply nested one can overflow its stack.
            throw new UnreadableScanException("damaged", e);
        }
    }

    private static Inspection image(Path file, String format, String mediaType) throws UnreadableScanException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new UnreadableScanException("cannot-read", null);
            }
            ImageReader reader = reader(in, format);
            try {
                reader.setInput(in, false, false);
                int pages = "tiff".equals(format) ? reader.getNumImages(true) : 1;
                if (pages < 1) {
                    throw new UnreadableScanException("damaged", null);
                }
                IIOMetadata metadata = reader.getImageMetadata(0);
                return new Inspection(mediaType, pages, "jpeg".equals(format) ? jfifDpi(metadata) : dpi(metadata));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new UnreadableScanException("damaged", e);
        }
    }

    private static ImageReader reader(ImageInputStream in, String format) throws UnreadableScanException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            try {
                if (reader.getOriginatingProvider() != null
                        && Arrays.asList(reader.getOriginatingProvider().getFormatNames()).contains(format)) {
                    return reader;
                }
            } catch (RuntimeException e) {
                // a provider that cannot describe itself is not the one we want
            }
            reader.dispose();
        }
        throw new UnreadableScanException("damaged", null);
    }

    /**
     * Dots per inch of a JPEG from its JFIF header (the JDK's standard metadata for JPEG gets the unit wrong);
     * null when the header gives only an aspect ratio.
     */
    static Integer jfifDpi(IIOMetadata metadata) {
        if (metadata == null) {
            return null;
        }
        Node root = metadata.getAsTree("javax_imageio_jpeg_image_1.0");
        if (!(root instanceof Element element)) {
            return null;
        }
        NodeList jfif = element.getElementsByTagName("app0JFIF");
        if (jfif.getLength() == 0) {
            return null;
        }
        Element header = (Element) jfif.item(0);
        try {
            int density = Integer.parseInt(header.getAttribute("Xdensity"));
            return switch (header.getAttribute("resUnits")) {
                case "1" -> density > 0 ? density : null;
                case "2" -> density > 0 ? (int) Math.round(density * 2.54) : null;
                default -> null;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Dots per inch from ImageIO's standard metadata (millimetres per pixel); null when the image does not say. */
    static Integer dpi(IIOMetadata metadata) {
        if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
            return null;
        }
        Node root = metadata.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
        if (!(root instanceof Element element)) {
            return null;
        }
        NodeList sizes = element.getElementsByTagName("HorizontalPixelSize");
        if (sizes.getLength() == 0) {
            return null;
        }
        try {
            float millimetres = Float.parseFloat(((Element) sizes.item(0)).getAttribute("value"));
            if (millimetres <= 0 || Float.isNaN(millimetres) || Float.isInfinite(millimetres)) {
                return null;
            }
            int dpi = Math.round(25.4f / millimetres);
            return dpi > 0 && dpi < 100_000 ? dpi : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
