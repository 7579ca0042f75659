package dev.exengine.tool;

/** How print and events write records; lower case because operators type them. */
enum OutputFormat
{
    text, json, csv
}
